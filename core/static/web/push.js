// Live pages: an element with data-mips-push="<channel>" listens on /push/<channel> and
// reloads the page when something on the channel changes (a board, a warning marker).
// Without JavaScript the page still refreshes itself on its own timer.
document.querySelectorAll("[data-mips-push]").forEach(function (element) {
  if (!window.EventSource) { return; }
  var source = new EventSource("/push/" + element.getAttribute("data-mips-push"));
  source.onmessage = function () {
    source.close();
    window.location.reload();
  };
});
