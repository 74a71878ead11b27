// One form per comments module: a 回复 link moves the module's form under its comment and makes
// that comment the parent; 取消回复 puts it back. Without JavaScript the link loads the page
// with the same form set to reply (presentation._reply_to).
(function () {
  "use strict";

  function setUp(form) {
    if (form.dataset.replyReady) return;  // a page with two comments blocks loads this twice
    form.dataset.replyReady = "1";
    var home = document.createComment("comment-form");
    form.before(home);
    var parent = form.querySelector("input[name=parent]");
    var note = form.querySelector(".comment-replying");
    var noteText = form.querySelector(".comment-replying-to");

    form.closest("section.comments").addEventListener("click", function (event) {
      var link = event.target.closest("a.comment-reply-link");
      if (link) {
        event.preventDefault();
        var comment = link.closest("article.comment");
        var name = comment.querySelector(".comment-author").textContent;
        parent.value = link.dataset.parent;
        noteText.textContent = form.dataset.replyTemplate.replace("{name}", name);
        note.hidden = false;
        comment.after(form);
        form.querySelector("textarea").focus();
      } else if (event.target.closest("a.comment-reply-cancel")) {
        event.preventDefault();
        parent.value = "";
        note.hidden = true;
        home.after(form);
      }
    });
  }

  document.querySelectorAll("form.comment-form[data-reply-template]").forEach(setUp);
})();
