#!/usr/bin/env python3
"""Writes the conformance-suite plan configuration for Vigil: the static clients of clients.yaml
and browser automation for Vigil's pages (login, consent, the logout confirmation, and the pages a
person reviews on a screenshot). Usage: make-config.py OUT.json [ALIAS]"""
import json, os, sys

OP = os.environ.get("VIGIL_ISSUER", "https://localhost:9443")
USER = os.environ.get("VIGIL_TEST_USER", "oidfuser")
PASSWORD = os.environ["VIGIL_TEST_PASSWORD"]
alias = sys.argv[2] if len(sys.argv) > 2 else "vigil"


def wait_text(pattern, placeholder="update-image-placeholder"):
    """Wait until the page's text matches the pattern, then upload its screenshot to the placeholder."""
    return ["wait", "xpath", "//*", 10, pattern, placeholder]


login = {"task": "Login", "optional": True, "match": OP + "/interaction/*", "commands": [
    ["text", "name", "username", USER, "optional"],
    ["text", "name", "password", PASSWORD, "optional"],
    ["click", "css", "button[name=action][value=login]", "optional"]]}
consent = {"task": "Consent", "optional": True, "match": OP + "/interaction/*", "commands": [
    ["click", "css", "button[name=action][value=approve]", "optional"]]}
complete = {"task": "Verify Complete", "match": "*/test/*/callback*", "commands": [["wait", "id", "submission_complete", 10]]}
default_auth = {"match": OP + "/auth*", "tasks": [login, consent, complete]}

# RP-initiated logout: Vigil asks the user to confirm (oidc-provider's form, "Sign out" button).
confirm_logout = {"task": "Confirm logout", "match": OP + "/session/end*", "commands": [
    ["click", "css", "button[name=logout][value=yes]"]]}
back_to_rp = {"match": OP + "/session/end*", "tasks": [
    confirm_logout,
    {"task": "Wait for the redirect back", "optional": True, "match": OP + "/session/end/confirm",
     "commands": [["wait", "contains", "/test/", 10]]},
    {"task": "Verify Complete", "match": "*/test/*/post*"}]}
# No post_logout_redirect_uri: the user confirms and sees Vigil's "Signed out" page (screenshot).
signed_out_page = {"match": OP + "/session/end*", "tasks": [
    confirm_logout,
    {"task": "Signed out page", "match": OP + "/session/end/*",
     "commands": [wait_text("You have signed out")]}]}
# A logout request Vigil must not follow back to the app: its error page, or the confirmation (screenshot).
logout_refused = {"comment": "error page or confirmation, no redirect", "match": OP + "/session/end*", "tasks": [
    {"task": "Error page or confirmation", "match": OP + "/session/end*",
     "commands": [wait_text("Something went wrong|Sign out\\?")]}]}


def with_login_placeholder():
    """A second authorization that must show the login page again (prompt=login, max_age): its screenshot."""
    l = json.loads(json.dumps(login))
    # "Sign in" matches both visits; the placeholder exists only on the second, whose page says
    # "Sign in again: the app asked you to confirm it is you."
    l["commands"].insert(0, wait_text("Sign in", "update-image-placeholder-optional"))
    return {"comment": "updates the placeholder during the second authorization", "match": OP + "/auth*", "tasks": [l, consent, complete]}


error_page = {"comment": "expect an immediate error page", "match": OP + "/auth*", "tasks": [
    {"task": "Expect error page", "match": OP + "/auth*",
     "commands": [wait_text("Something went wrong")]}]}

overrides = {
    "oidcc-prompt-login": {"browser": [with_login_placeholder()]},
    "oidcc-max-age-1": {"browser": [with_login_placeholder()]},
    "oidcc-ensure-registered-redirect-uri": {"browser": [error_page]},
    "oidcc-ensure-redirect-uri-in-authorization-request": {"browser": [error_page]},
    "oidcc-redirect-uri-query-added": {"browser": [error_page]},
    "oidcc-redirect-uri-query-mismatch": {"browser": [error_page]},
    # oidcc-ensure-request-object-with-redirect-uri: Vigil honours the request object's redirect_uri
    # (OIDC Core 6.1), so the default sign-in applies there.
    "oidcc-rp-initiated-logout-no-params": {"browser": [default_auth, signed_out_page]},
    "oidcc-rp-initiated-logout-no-post-logout-redirect-uri": {"browser": [default_auth, signed_out_page]},
    "oidcc-rp-initiated-logout-only-state": {"browser": [default_auth, signed_out_page]},
    "oidcc-rp-initiated-logout-no-id-token-hint": {"browser": [default_auth, logout_refused]},
    "oidcc-rp-initiated-logout-bad-id-token-hint": {"browser": [default_auth, logout_refused]},
    "oidcc-rp-initiated-logout-modified-id-token-hint": {"browser": [default_auth, logout_refused]},
    "oidcc-rp-initiated-logout-bad-post-logout-redirect-uri": {"browser": [default_auth, logout_refused]},
    "oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri": {"browser": [default_auth, logout_refused]},
}

config = {
    "alias": alias,
    "description": "Vigil " + alias,
    "server": {"discoveryUrl": OP + "/.well-known/openid-configuration", "login_hint": USER},
    "client": {"client_id": "oidf-client", "client_secret": "oidf-client-secret-0123456789abcdef0123456789"},
    "client2": {"client_id": "oidf-client2", "client_secret": "oidf-client2-secret-0123456789abcdef0123456789"},
    "client_secret_post": {"client_id": "oidf-client-post", "client_secret": "oidf-client-post-secret-0123456789abcdef01234567"},
    "browser": [default_auth, back_to_rp],
    "override": overrides,
}
with open(sys.argv[1], "w") as f:
    json.dump(config, f, indent=2)
