// The print pages' 打印 button (no inline handlers: the Content-Security-Policy refuses them).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-bz-print]")) window.print();
});
