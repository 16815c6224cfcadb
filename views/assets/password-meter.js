// Vigil password strength meter: asks Vigil for zxcvbn's estimate as the user types a new
// password (debounced) and shows it in the <meter> next to the field. Progressive enhancement:
// the rules are enforced on the server whatever this shows.
(function () {
  var input = document.getElementById('password');
  var meter = document.getElementById('password-strength');
  var label = document.getElementById('password-strength-text');
  if (!input || !meter || !label) return;
  var username = document.querySelector('input[autocomplete="username"]');
  var timer = null;
  var latest = 0;
  function update() {
    var value = input.value;
    var request = ++latest;
    if (!value) {
      meter.value = 0;
      label.textContent = '';
      return;
    }
    fetch('/password-strength', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: value, username: username ? username.value : '' }),
      credentials: 'same-origin',
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        if (!result || request !== latest) return;
        meter.value = result.score;
        label.textContent = result.label;
      })
      .catch(function () { /* the meter is optional */ });
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
})();
