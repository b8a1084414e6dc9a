"""Feeds 2021-06-30: createFeedDocument (an upload URL the sandbox serves), the upload, createFeed,
getFeed and getFeedDocument (a download URL the sandbox serves: no compression)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from sandbox import wire
from sandbox.feeds import Feed
from sandbox.service import ApiError, Service, bad

FEEDS = "/feeds/2021-06-30"
UPLOADS, DOWNLOADS = "/sandbox/uploads", "/sandbox/documents"


def feed_json(feed: Feed) -> dict:
    out = {
        "feedId": feed.feed_id,
        "feedType": feed.feed_type,
        "marketplaceIds": feed.marketplace_ids,
        "createdTime": feed.created,
        "processingStatus": feed.status,
    }
    if feed.started:
        out["processingStartTime"] = feed.started
    if feed.ended:
        out["processingEndTime"] = feed.ended
    if feed.result_document_id:
        out["resultFeedDocumentId"] = feed.result_document_id
    return out


def _base(request: Request) -> str:
    """The address the sandbox listens on (a client's Host header may be wrong: python-amazon-sp-api
    cuts ``https://`` off its endpoint, so ``http://`` loses a character)."""
    server = request.scope.get("server")
    if server:
        return f"{request.url.scheme}://{server[0]}:{server[1]}"
    return str(request.base_url).rstrip("/")


async def _json(request: Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise bad("The request body is not JSON.") from None
    if not isinstance(body, dict):
        raise bad("The request body must be a JSON object.")
    return body


def router(svc: Service) -> APIRouter:
    r = APIRouter()
    desk = svc.desk

    @r.post(FEEDS + "/documents", status_code=201)
    async def create_feed_document(request: Request) -> JSONResponse:
        svc.guard(request, "feeds_2021-06-30.createFeedDocument")
        body = await _json(request)
        kind = body.get("contentType")
        if not isinstance(kind, str) or not kind:
            raise bad("contentType is required.")
        doc_id = desk.create_document(kind)
        url = f"{_base(request)}{UPLOADS}/{doc_id}"
        return JSONResponse({"feedDocumentId": doc_id, "url": url}, status_code=201)

    @r.put(UPLOADS + "/{doc_id}")
    async def upload(doc_id: str, request: Request) -> Response:
        # a presigned URL: no access token, as on Amazon's
        if not desk.upload(doc_id, await request.body()):
            raise ApiError(404, "NotFound", f"No upload is waiting for document {doc_id}.")
        return Response(status_code=200)

    @r.post(FEEDS + "/feeds", status_code=202)
    async def create_feed(request: Request) -> JSONResponse:
        svc.guard(request, "feeds_2021-06-30.createFeed")
        body = await _json(request)
        missing = [k for k in ("feedType", "marketplaceIds", "inputFeedDocumentId") if not body.get(k)]
        if missing:
            raise bad(f"{missing[0]} is required.")
        mine = wire.marketplace(svc.world)
        if mine not in body["marketplaceIds"]:
            raise bad(
                f"marketplaceIds {body['marketplaceIds']} is not this seller's marketplace.", f"Use {mine}."
            )
        out = desk.create_feed(
            str(body["feedType"]), str(body["inputFeedDocumentId"]), list(body["marketplaceIds"])
        )
        if not isinstance(out, Feed):
            raise bad(out.message)
        return JSONResponse({"feedId": out.feed_id}, status_code=202)

    @r.get(FEEDS + "/feeds/{feed_id}")
    def get_feed(feed_id: str, request: Request) -> dict:
        svc.guard(request, "feeds_2021-06-30.getFeed")
        feed = desk.feeds.get(feed_id)
        if feed is None:
            raise ApiError(404, "NotFound", f"Feed {feed_id} was not found.")
        return feed_json(feed)

    @r.get(FEEDS + "/documents/{doc_id}")
    def get_feed_document(doc_id: str, request: Request) -> dict:
        svc.guard(request, "feeds_2021-06-30.getFeedDocument")
        doc = desk.documents.get(doc_id)
        if doc is None or doc.get("content") is None:
            raise ApiError(404, "NotFound", f"Feed document {doc_id} was not found.")
        return {"feedDocumentId": doc_id, "url": f"{_base(request)}{DOWNLOADS}/{doc_id}"}

    @r.get(DOWNLOADS + "/{doc_id}")
    def download(doc_id: str) -> Response:
        doc = desk.documents.get(doc_id)
        if doc is None or doc.get("content") is None:
            raise ApiError(404, "NotFound", f"Feed document {doc_id} was not found.")
        return Response(doc["content"], media_type=doc["content_type"])

    return r
