// Passwordless sign-in on the login page: where the browser has WebAuthn, the passkey form is
// shown; its button asks Vigil for options (JSON), lets the browser use a passkey (the vendored
// @simplewebauthn/browser bundle), puts the answer in the form's hidden field and submits it, so
// the outcome is an ordinary page. Where the browser offers passkeys in the username field's
// autofill (conditional UI, autocomplete="username webauthn"), a request waits there too.
(function () {
  var lib = window.SimpleWebAuthnBrowser;
  var form = document.querySelector('form.passkey-sign-in');
  if (!form || !lib || !lib.browserSupportsWebAuthn()) return;
  var status = form.querySelector('[data-status]');
  var button = form.querySelector('button[type="submit"]');
  form.hidden = false;

  function options() {
    var body = new URLSearchParams();
    body.set('csrf', form.elements.csrf.value);
    return fetch(form.getAttribute('data-options'), { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw { vigil: json.error };
          return json;
        });
      });
  }

  function post(answer) {
    form.elements.assertion.value = JSON.stringify(answer);
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    status.hidden = true;
    button.disabled = true;
    options()
      .then(function (json) { return lib.startAuthentication({ optionsJSON: json }); })
      .then(post)
      .catch(function (error) {
        status.textContent = error && error.vigil ? error.vigil : form.getAttribute('data-cancelled');
        status.hidden = false;
        button.disabled = false;
      });
  });

  // Conditional UI: the browser lists passkeys with the saved usernames. Starting the button's
  // ceremony cancels this one (the library keeps one request at a time), so its errors are quiet.
  lib.browserSupportsWebAuthnAutofill().then(function (supported) {
    if (!supported) return;
    return options().then(function (json) {
      return lib.startAuthentication({ optionsJSON: json, useBrowserAutofill: true });
    }).then(post);
  }).catch(function () {});
})();
