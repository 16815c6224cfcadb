// Copy and print for the recovery codes (the download is a plain data: link). Progressive
// enhancement: the buttons stay hidden when this does not run.
(function () {
  var list = document.getElementById('recovery-codes');
  var copy = document.getElementById('recovery-codes-copy');
  var print = document.getElementById('recovery-codes-print');
  var status = document.getElementById('recovery-codes-status');
  if (!list || !copy || !print || !status) return;
  var codes = Array.prototype.map.call(list.querySelectorAll('li'), function (li) { return li.textContent.trim(); }).join('\n');
  if (navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(codes).then(function () { status.textContent = copy.getAttribute('data-copied'); });
    });
  }
  print.hidden = false;
  print.addEventListener('click', function () { window.print(); });
})();
