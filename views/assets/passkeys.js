// Passkeys in security info: a form marked .passkey-form asks Vigil for WebAuthn options (JSON),
// lets the browser create or use a passkey (the vendored @simplewebauthn/browser bundle), puts
// the answer in its hidden field and submits itself, so the outcome is an ordinary page.
(function () {
  var lib = window.SimpleWebAuthnBrowser;
  Array.prototype.forEach.call(document.querySelectorAll('form.passkey-form'), function (form) {
    var status = form.querySelector('[data-status]');
    var button = form.querySelector('button[type="submit"]');
    function fail(message) {
      status.textContent = message;
      status.hidden = false;
      button.disabled = false;
    }
    if (!lib || !lib.browserSupportsWebAuthn()) {
      fail(form.getAttribute('data-unsupported'));
      button.disabled = true;
      return;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      status.hidden = true;
      button.disabled = true;
      var body = new URLSearchParams();
      body.set('csrf', form.elements.csrf.value);
      fetch(form.getAttribute('data-options'), { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) {
          return response.json().then(function (json) {
            if (!response.ok) throw { vigil: json.error };
            return json;
          });
        })
        .then(function (options) {
          return form.getAttribute('data-ceremony') === 'register'
            ? lib.startRegistration({ optionsJSON: options })
            : lib.startAuthentication({ optionsJSON: options });
        })
        .then(function (answer) {
          form.elements[form.getAttribute('data-field')].value = JSON.stringify(answer);
          HTMLFormElement.prototype.submit.call(form);
        })
        .catch(function (error) {
          fail(error && error.vigil ? error.vigil : form.getAttribute('data-cancelled'));
        });
    });
  });
})();
