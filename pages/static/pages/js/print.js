// Print buttons (CSP forbids inline handlers): any element with data-print prints the page.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print]");
  if (target) {
    event.preventDefault();
    window.print();
  }
});
