"""Images and raw evidence. The server only ever sends pre-blurred copies, except for an
explicit reveal (an analyst's logged POST with a reason); WARC records go to analysts as
downloads, never rendered."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select

from crawler.review.i18n import N_, _
from crawler.review.images import IMAGE_HEADERS, sniff_image_type
from crawler.review.roles import is_analyst
from crawler.review.web import (
    AnalystReviewer,
    CsrfAnalystReviewer,
    SignedInReviewer,
    blob_store,
    client_addr,
    database,
    writing,
)
from storage import audit
from storage.cases import account_has_minor_risk
from storage.models import Capture, EvidenceLink, Flag, Media

router = APIRouter()

NO_IMAGE = N_("No image is kept for this item.")
# Long enough for a sentence; the reason is kept in the audit log, not an essay store.
REVEAL_REASON_MAX = 500


def _image_response(data: bytes) -> Response:
    media_type = sniff_image_type(data)
    if media_type is None:
        raise HTTPException(
            status_code=415, detail=_("The stored file is not an image and is not shown.")
        )
    return Response(content=data, media_type=media_type, headers=IMAGE_HEADERS)


def _read_blob(request: Request, sha256: str | None) -> bytes:
    store = blob_store(request)
    try:
        if not sha256 or not store.exists(sha256):
            raise HTTPException(status_code=404, detail=_("The stored file is missing."))
        return store.get(sha256)
    except ValueError as exc:
        raise HTTPException(status_code=404, detail=_("The stored file is missing.")) from exc


def _media_for_viewing(request: Request, media_id: int) -> tuple[Media, bool]:
    with database(request).session() as session:
        media = session.get(Media, media_id)
        if media is None:
            raise HTTPException(status_code=404, detail=_("There is no such image."))
        minor = account_has_minor_risk(session, media.account_id)
    # For anything that may involve a minor no image is served at all, to anyone.
    if minor or media.withheld_reason:
        raise HTTPException(status_code=404, detail=_(NO_IMAGE))
    return media, minor


@router.get("/media/{media_id}/blurred")
def blurred_media(request: Request, reviewer: SignedInReviewer, media_id: int) -> Response:
    media, _minor = _media_for_viewing(request, media_id)
    return _image_response(_read_blob(request, media.thumb_blob))


@router.post("/media/{media_id}/reveal")
def reveal_media(
    request: Request,
    reviewer: CsrfAnalystReviewer,
    media_id: int,
    reason: str = Form(""),
) -> Response:
    """The unblurred original, for analysts only, with a reason that goes in the audit log."""
    media, _minor = _media_for_viewing(request, media_id)
    if not media.original_blob:
        raise HTTPException(
            status_code=404, detail=_("Only a blurred copy was kept of this image.")
        )
    reason = " ".join(reason.split())
    if not reason:
        raise HTTPException(
            status_code=400, detail=_("Say why you need the original image; the reason is logged.")
        )
    data = _read_blob(request, media.original_blob)
    response = _image_response(data)
    with writing(request) as session:
        audit.record(
            session,
            user=reviewer.user,
            action="reveal",
            target_type="media",
            target_id=media.id,
            detail={
                "account_id": media.account_id,
                "post_id": media.post_id,
                "sha256": media.sha256,
                "reason": reason[:REVEAL_REASON_MAX],
            },
            remote_addr=client_addr(request),
        )
    return response


def _capture_accounts_minor(session, capture_id: int) -> bool:  # type: ignore[no-untyped-def]
    accounts = select(EvidenceLink.account_id).where(EvidenceLink.capture_id == capture_id)
    return (
        session.scalar(
            select(Flag.id).where(Flag.account_id.in_(accounts), Flag.minor_risk.is_(True)).limit(1)
        )
        is not None
    )


@router.get("/captures/{capture_id}/screenshot")
def capture_screenshot(request: Request, reviewer: SignedInReviewer, capture_id: int) -> Response:
    with writing(request) as session:
        capture = session.get(Capture, capture_id)
        if capture is None or capture.kind != "screenshot" or not capture.blob_sha256:
            raise HTTPException(
                status_code=404, detail=_("There is no screenshot for this capture.")
            )
        if not is_analyst(reviewer.role) and _capture_accounts_minor(session, capture_id):
            raise HTTPException(
                status_code=403,
                detail=_("Items that may involve a minor are handled by analysts only."),
            )
        blob_sha = capture.blob_sha256
        audit.record(
            session,
            user=reviewer.user,
            action="view_screenshot",
            target_type="capture",
            target_id=capture_id,
            detail={"sha256": capture.sha256},
            remote_addr=client_addr(request),
        )
    return _image_response(_read_blob(request, blob_sha))


def _warc_path(warc_dir: Path, warc_file: str) -> Path:
    root = warc_dir.resolve()
    candidate = (root / warc_file).resolve()
    if not candidate.is_relative_to(root):
        raise HTTPException(status_code=404, detail=_("The WARC file is outside the data folder."))
    return candidate


@router.get("/captures/{capture_id}/warc")
def capture_warc_record(request: Request, reviewer: AnalystReviewer, capture_id: int) -> Response:
    with writing(request) as session:
        capture = session.get(Capture, capture_id)
        if (
            capture is None
            or not capture.warc_file
            or capture.warc_offset is None
            or not capture.warc_length
        ):
            raise HTTPException(status_code=404, detail=_("This capture has no WARC record."))
        path = _warc_path(request.app.state.cfg.warc_dir, capture.warc_file)
        if not path.is_file():
            raise HTTPException(
                status_code=404, detail=_("The WARC file is missing from the data folder.")
            )
        with path.open("rb") as handle:
            handle.seek(capture.warc_offset)
            data = handle.read(capture.warc_length)
        audit.record(
            session,
            user=reviewer.user,
            action="download_warc",
            target_type="capture",
            target_id=capture_id,
            detail={"warc_file": capture.warc_file, "offset": capture.warc_offset},
            remote_addr=client_addr(request),
        )
    suffix = ".warc.gz" if data[:2] == b"\x1f\x8b" else ".warc"
    return Response(
        content=data,
        media_type="application/warc",
        headers={
            # A download, never rendered: the record may hold the raw page with its images.
            "Content-Disposition": f'attachment; filename="capture-{capture_id}{suffix}"',
            "Cache-Control": "no-store, private",
        },
    )
