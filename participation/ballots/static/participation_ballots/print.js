// The certificate's print button (no inline handlers: CSP allows scripts from 'self' only).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
