// Moves focus to the error summary when a page shows one (GOV.UK pattern), for browsers that do
// not honour `autofocus` on a non-form element; a link in it moves focus to its field.
(function () {
  var summary = document.getElementById('error-summary');
  if (!summary) return;
  if (document.activeElement !== summary) summary.focus();
  summary.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof HTMLAnchorElement)) return;
    var field = document.getElementById(target.getAttribute('href').slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  });
})();
