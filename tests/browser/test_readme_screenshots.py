"""The screenshots in docs/screenshots, taken on the demo district at 1366×768."""

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from qingmiao.accounts.models import User
from qingmiao.cadres.demo import registry

pytestmark = pytest.mark.browser

DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def save_small(page, path) -> None:
    """The viewport reduced to a 128-colour palette: text stays crisp and the file small."""
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    palette = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def test_readme_screenshots(site):
    page = site.page
    registry.build(seed=2026, cadre_count=60)
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert page.viewport_size == {"width": 1366, "height": 768}

    site.goto("/accounts/login/")
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
    save_small(page, DOCS_SCREENSHOTS / "login.png")

    site.sign_in_as(User.objects.get(username="orgadmin"))
    site.goto("/cadres/")
    expect(page.get_by_test_id("result-count")).to_have_text("共 60 人")
    # A crowded table must not break names over two lines (CJK text may break anywhere).
    names = page.locator("#cadre-rows tbody td:first-child a")
    expect(names).to_have_count(20)
    assert names.evaluate_all("links => links.filter(a => a.getClientRects().length > 1)") == []
    save_small(page, DOCS_SCREENSHOTS / "cadre-list.png")
