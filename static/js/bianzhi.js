// Behaviour of the pages, bound here rather than in inline scripts or on* attributes, which the
// Content-Security-Policy refuses.

// Expanding and collapsing a node of the institution tree; htmx loads its children the first time.
function bzToggleNode(button) {
  const children = button.parentElement.querySelector(".bz-children");
  const expanded = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!expanded));
  button.querySelector("i").className = expanded ? "bi bi-caret-right-fill" : "bi bi-caret-down-fill";
  children.hidden = expanded;
}

document.addEventListener("click", function (event) {
  const toggle = event.target.closest(".bz-tree button.bz-toggle[aria-expanded]");
  if (toggle) {
    bzToggleNode(toggle);
    return;
  }
  // A button with data-bz-print prints the page.
  if (event.target.closest("[data-bz-print]")) {
    window.print();
    return;
  }
  // A link of the error summary: to the field itself, so that the user can type at once.
  const errorLink = event.target.closest(".bz-error-summary a[href^='#']");
  if (errorLink) {
    const field = document.getElementById(errorLink.getAttribute("href").slice(1));
    if (field) {
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    }
    return;
  }
  // A unit picked in an InstitutionPicker: its id into the hidden input, its name into the box.
  const option = event.target.closest(".bz-picker [data-bz-pick]");
  if (option) {
    const picker = option.closest(".bz-picker");
    picker.querySelector("input[type=hidden]").value = option.dataset.bzPick;
    const box = picker.querySelector("input[type=search]");
    box.value = option.dataset.bzLabel;
    picker.querySelector(".bz-picker-options").replaceChildren();
    box.focus();
    return;
  }
  // A match picked in a SearchSelect (bianzhi.pickers): the select's chosen option.
  const choice = event.target.closest(".bz-search-select [data-bz-choose]");
  if (choice) {
    const box = choice.closest(".bz-search-select");
    const select = box.querySelector("select");
    let option = Array.from(select.options).find((o) => o.value === choice.dataset.bzChoose);
    if (!option) {
      option = new Option(choice.dataset.bzLabel, choice.dataset.bzChoose);
      select.add(option);
    }
    if (select.multiple) {
      option.selected = true;
    } else {
      select.value = option.value;
    }
    select.dispatchEvent(new Event("change", { bubbles: true }));
    box.querySelector(".bz-picker-options").replaceChildren();
    box.querySelector("input[type=search]").value = "";
    select.focus();
    return;
  }
  // 取消 on a form reached from several pages: back to where the user came from.
  if (event.target.closest("a[data-bz-back]")) {
    event.preventDefault();
    history.back();
  }
});

// Typing in an InstitutionPicker's box drops the unit picked before: only a picked unit counts.
document.addEventListener("input", function (event) {
  const picker = event.target.closest(".bz-picker");
  if (picker && event.target.type === "search") {
    picker.querySelector("input[type=hidden]").value = "";
  }
});

// Progress bars carry their width as data (style="" attributes are refused); set it on the page
// and on every fragment htmx swaps in.
function bzProgress(root) {
  for (const bar of root.querySelectorAll("[data-bz-percent]")) {
    bar.style.width = bar.dataset.bzPercent + "%";
  }
}

// 编制调整: add a blank line to the formset from its template (the management form counts lines).
function bzAdjustmentLines() {
  const button = document.getElementById("add-adjustment-line");
  if (!button) return;
  button.addEventListener("click", function () {
    const total = document.getElementById("id_lines-TOTAL_FORMS");
    const index = Number(total.value);
    const html = document.getElementById("adjustment-line-template").innerHTML.replaceAll("__prefix__", String(index));
    document.querySelector("#adjustment-lines tbody").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
}

// A form came back with errors: the focus goes to its summary, which screen readers then read,
// instead of staying at the top of the page.
function bzFocusErrorSummary() {
  const summary = document.querySelector(".bz-error-summary");
  if (summary) summary.focus();
}

// 涉及机构 picker (orgs/picker.py): a match checked in the search results joins the chosen ones,
// so the next search does not drop it.
document.addEventListener("change", function (event) {
  const box = event.target;
  const results = box.closest(".bz-picker-results");
  if (!results || !box.checked) return;
  const chosen = results.closest(".bz-picker").querySelector(".bz-picker-chosen");
  const empty = chosen.querySelector(".bz-picker-empty");
  if (empty) empty.remove();
  if (chosen.querySelector('input[value="' + box.value + '"]')) {
    box.closest(".form-check").remove();
    return;
  }
  const item = box.closest(".form-check");
  item.classList.add("form-check-inline", "me-0");
  chosen.appendChild(item);
});

// A table's "select all" box (data-bz-check-all="<name>") checks every box of that name on the
// page, e.g. the people of the 身份确认 worklist to confirm at once.
document.addEventListener("change", function (event) {
  const all = event.target.closest("[data-bz-check-all]");
  if (!all) return;
  const name = all.getAttribute("data-bz-check-all");
  document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
    box.checked = all.checked;
  });
});

// An export whose file is ready starts its download once: the attribute is removed as the link is
// followed, and the page's address loses ?auto=1 so that reloading it only offers the link.
function bzAutoDownload(root) {
  const link = root.querySelector("a[data-bz-auto-download]");
  if (!link) return;
  link.removeAttribute("data-bz-auto-download");
  const url = new URL(window.location.href);
  if (url.searchParams.has("auto")) {
    url.searchParams.delete("auto");
    history.replaceState(history.state, "", url);
  }
  link.click();
}

document.addEventListener("DOMContentLoaded", function () {
  bzFocusErrorSummary();
  bzProgress(document);
  bzAutoDownload(document);
  bzAdjustmentLines();
});
document.addEventListener("htmx:load", function (event) {
  bzProgress(event.target);
  bzAutoDownload(event.target);
});
