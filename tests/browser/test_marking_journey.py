"""Marking a part as withheld from public access (issue 30), through the UI only, in
Chromium, on the demo: an administrator withholds part 5 of the SOC+ case document (the
establishment phase, with the names of the key people) under offl. § 14, sees the
publish confirmation list it beside the demo's part 4, and publishes version 2. An
anonymous visitor then reads the public edition under /innsyn/: both parts are the line
with their basis, the rest is there. The administrator's clicks, typed fields, choices
and the seconds waited are printed (pytest -s) for the issue's note."""

from playwright.sync_api import expect

from tests.browser.journey_steps import AXE_FAILURES, accessible
from tests.browser.meeting_steps import Effort, sign_in

CASE = "2024/M1-004"
PART_5_WORDS = "Prosjekteier hos ROR-IKT"  # fixtures/soc-agreement-2024.json, part 5
PUBLIC_WORDS = "Denne kostnaden fordeles på kommunene"  # part 6, public


def test_an_administrator_withholds_a_part_and_the_public_reads_the_rest(
    page, demo_passwords, live_server
):
    AXE_FAILURES.clear()
    hand = Effort(page)
    with hand.step("Logg inn i admin"):
        page.goto(f"{live_server.url}/admin/")
        accessible(page)
        sign_in(hand, "admin", demo_passwords["admin"])
        expect(page.locator("#content-main")).to_be_visible()
        accessible(page)
    with hand.step("Åpne saken"):
        hand.click(page.locator("#reports-case").get_by_role("link", name="Saker"))
        accessible(page)
        hand.click(page.locator("#result_list").get_by_role("link", name=CASE, exact=True))
        expect(page.get_by_role("heading", name="Unntatt offentlighet")).to_be_visible()
        accessible(page)
    with hand.step("Merk del 5 som unntatt"):
        hand.click(page.get_by_role("link", name="Unnta en del fra offentlighet"))
        accessible(page)
        hand.choose(page.get_by_label("Hva som unntas:"), "En del av saksframlegget")
        hand.choose(page.get_by_label("Del av saksframlegget:"), "5 Etableringsfasen")
        hand.choose(page.get_by_label("Hjemmel:"), "offl. § 14")
        hand.click(page.get_by_label("Nei"))
        hand.type(page.get_by_label("Begrunnelse:"), "Organinternt: bemanningen i prosjektet.")
        hand.click(page.get_by_role("button", name="Lagre", exact=True))
        expect(page.locator(".messagelist")).to_contain_text("Merkingen er lagret")
        expect(page.locator(".withheld-parts")).to_contain_text("offl. § 14")
        accessible(page)
    with hand.step("Publiser saksframlegget"):
        hand.click(page.get_by_role("link", name="Publiser saksframlegget"))
        confirmation = page.locator(".withheld-from-public")
        expect(confirmation).to_contain_text("offl. § 24 tredje ledd")
        expect(confirmation).to_contain_text("offl. § 14")
        accessible(page)
        hand.click_and_wait_for_job(
            page.get_by_role("button", name="Publiser versjon 2 av saksframlegget"),
            "Versjon 2 av saksframlegget er publisert",
        )
        accessible(page)
    print("\n" + hand.report())

    page.context.clear_cookies()  # anonymous from here
    page.goto(f"{live_server.url}/innsyn/")
    accessible(page)
    page.get_by_role("link", name="Samarbeidsrådet for ROR-IKT 2024/M1").first.click()
    accessible(page)
    page.get_by_role("link", name=f"{CASE} Sikkerhetspartner", exact=True).first.click()
    accessible(page)
    document = page.locator("main")
    expect(document).to_contain_text("Unntatt offentlighet, offl. § 14")
    expect(document).to_contain_text("Unntatt offentlighet, offl. § 24 tredje ledd")
    expect(document).to_contain_text(PUBLIC_WORDS)
    expect(document).not_to_contain_text(PART_5_WORDS)
    assert AXE_FAILURES == [], "\n\n".join(AXE_FAILURES)
