// The policies page's file picker: reads the chosen policies.yaml into the text area, which is
// what the form sends (pasting works without this script). Progressive enhancement: the picker
// stays hidden when this does not run.
(function () {
  var picker = document.getElementById('policy-file-picker');
  var input = document.getElementById('policy-file');
  var area = document.getElementById('policies');
  if (!picker || !input || !area || !window.FileReader) return;
  picker.hidden = false;
  input.addEventListener('change', function () {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { area.value = String(reader.result); };
    reader.readAsText(file);
  });
})();
