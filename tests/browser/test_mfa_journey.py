"""The second factor in Chromium: an administrator who must have one sets up an
authenticator app after the password (the code computed here as the app computes it),
keeps the recovery codes, and next time gives a code after the password."""

from playwright.sync_api import expect

from tests.browser.conftest import accessible
from tests.browser.sign_in import log_in_from_the_sign_in_page
from tests.totp import totp_code


def test_an_administrator_sets_up_an_app_and_then_logs_in_with_its_codes(page, anne):
    log_in_from_the_sign_in_page(page)
    # taken to the set-up before any page
    expect(page).to_have_url("/konto/2fa/")
    expect(page.get_by_role("alert")).to_contain_text("Rollen din i ROR Portal krever")
    accessible(page)
    page.goto("/admin/")
    expect(page).to_have_url("/konto/2fa/")
    accessible(page)

    page.get_by_role("link", name="Sett opp en autentiseringsapp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sett opp en autentiseringsapp")
    expect(
        page.get_by_role("img", name="QR-kode med nøkkelen til autentiseringsappen")
    ).to_be_visible()
    accessible(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Autentiseringskode").fill("000000")
    page.get_by_role("button", name="Sett opp").click()
    expect(page.get_by_label("Autentiseringskode")).to_have_attribute("aria-invalid", "true")
    accessible(page)
    page.get_by_label("Autentiseringskode").fill(totp_code(secret))
    page.get_by_role("button", name="Sett opp").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskoder")
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    accessible(page)
    page.get_by_role("link", name="Gå til forsiden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Anne")
    accessible(page)

    page.get_by_role("button", name="Logg ut").click()
    accessible(page)
    log_in_from_the_sign_in_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft at det er deg")
    accessible(page)
    page.get_by_label("Kode").fill("111111")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_label("Kode")).to_have_attribute("aria-invalid", "true")
    accessible(page)
    # The code of this half-minute was spent setting up: a recovery code stands in.
    page.get_by_label("Kode").fill(codes[0])
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Anne")
    accessible(page)
