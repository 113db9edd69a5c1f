"""Which store a command gets: an endpoint (its kind told by the Server header it answers with, as rdflib
picks a plugin by name), "memory", or an Oxigraph directory."""
from __future__ import annotations

from collections.abc import Callable

from graph.store.base import DEFAULT_STORE, GraphStore, StoreError
from graph.store.directory import leftovers, real_store_path, recover, writer_lock
from graph.store.endpoint import EndpointStore, OxigraphEndpointStore, server_software
from graph.store.memory import MemoryStore
from graph.store.oxigraph import OxigraphStore, is_oxigraph_dir
from graph.store.virtuoso import VirtuosoStore

# (test of the lower-cased Server header, the store class for it); the first that matches is taken
ENDPOINT_KINDS: list[tuple[Callable[[str], bool], type[EndpointStore]]] = [
    (lambda software: "virtuoso" in software, VirtuosoStore),
    (lambda software: software.startswith(("oxigraph/", "pikg-serve")), OxigraphEndpointStore),
]

def open_store(store: str | None = None, endpoint: str | None = None, read_only: bool = False, **endpoint_urls) -> GraphStore:
    """Open the store a command names: an endpoint URL, "memory", or a directory (default ./pikg-store)."""
    if endpoint:
        software = server_software(endpoint).lower()
        kind = next((cls for matches, cls in ENDPOINT_KINDS if matches(software)), EndpointStore)
        return kind(endpoint, **endpoint_urls)
    if store == "memory":
        return MemoryStore()
    path = real_store_path(store or DEFAULT_STORE)
    if not path.exists():
        if leftovers(path, "old"):  # a build was killed between the two renames of its swap
            with writer_lock(path):
                recover(path, is_oxigraph_dir)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}：这是一个文件，不是 Oxigraph 存储目录")
    if read_only:
        if not path.exists():
            raise StoreError(f"{path}：这里没有存储；请先运行 `pikg build FILE... --store {path}`")
        if not is_oxigraph_dir(path):
            raise StoreError(f"{path}：不是 Oxigraph 存储")
        return OxigraphStore(path, read_only=True)
    return OxigraphStore(path)
