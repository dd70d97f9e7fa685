"""`/docs`: Swagger UI over this service's OpenAPI document, from files served here.

FastAPI's own `/docs` loads Swagger UI from a CDN (and its favicon from FastAPI's site): a
page that shows nothing on a machine without internet, and tells a third party of each visit.
This one takes the same page from `get_swagger_ui_html` with the files of the npm package
`swagger-ui-dist` that `./run.sh` installs (`api.assets`), and gives its one inline script
the nonce its content security policy names (`api.security`). ReDoc is not offered.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from api.assets import asset_url
from api.security import new_nonce, page_policy

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """The interactive API documentation."""
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title}: API documentation",
        swagger_js_url=asset_url("swagger-ui", "swagger-ui-bundle.js"),
        swagger_css_url=asset_url("swagger-ui", "swagger-ui.css"),
        swagger_favicon_url=asset_url("swagger-ui", "favicon-32x32.png"),
    )
    nonce = new_nonce()
    html = bytes(page.body).decode("utf-8").replace("<script>", f'<script nonce="{nonce}">')
    return HTMLResponse(html, headers={"Content-Security-Policy": page_policy(nonce)})
