// Passkeys: register one, or use one, with the browser's WebAuthn API and the server's
// django-otp-webauthn ceremonies. A button carries what it needs in data attributes:
//   data-passkey="register" | "authenticate", data-begin, data-complete, data-csrf, data-next,
//   and the messages to show (data-msg-*), already in the person's language.
(function () {
  "use strict";

  function status(button, text) {
    const box = document.getElementById(button.getAttribute("aria-describedby"));
    if (box) box.textContent = text;
  }

  async function post(url, csrf, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: body === undefined ? "{}" : JSON.stringify(body),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    return { ok: response.ok, data };
  }

  async function ceremony(button) {
    const d = button.dataset;
    const registering = d.passkey === "register";
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
      status(button, d.msgUnsupported);
      return;
    }
    button.disabled = true;
    status(button, d.msgBusy);
    try {
      const begun = await post(d.begin, d.csrf);
      if (!begun.ok) {
        status(button, begun.data.detail || d.msgFailed);
        return;
      }
      let credential;
      try {
        credential = registering
          ? await navigator.credentials.create({
              publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begun.data),
            })
          : await navigator.credentials.get({
              publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(begun.data),
            });
      } catch (error) {
        status(button, d.msgCancelled);
        return;
      }
      const completeUrl = d.next ? d.complete + "?next=" + encodeURIComponent(d.next) : d.complete;
      const done = await post(completeUrl, d.csrf, credential.toJSON());
      if (!done.ok) {
        status(button, done.data.detail || d.msgFailed);
        return;
      }
      status(button, d.msgDone);
      window.location.assign(done.data.redirect_url || d.next || window.location.href);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-passkey]");
    if (button) {
      event.preventDefault();
      ceremony(button);
    }
  });
})();
