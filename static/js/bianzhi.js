// Expanding and collapsing a node of the institution tree; htmx loads its children the first time.
function bzToggleNode(button) {
  const children = button.parentElement.querySelector(".bz-children");
  const expanded = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!expanded));
  button.querySelector("i").className = expanded ? "bi bi-caret-right-fill" : "bi bi-caret-down-fill";
  children.hidden = expanded;
}

// A button with data-bz-print prints the page (no inline handlers: the CSP forbids them).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-bz-print]")) window.print();
});
