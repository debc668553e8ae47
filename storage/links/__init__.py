"""The read side of seller links: clusters of joined seller pairs, their accounts and the
edges behind each pair, for the review app, the export and `mimamori links`.

The edges and verdicts are written by crawler/link/ (docs/architecture.md, "Seller links");
this package only reads them, so storage keeps importing nothing from the crawler.
"""

from storage.links.clusters import (
    MAX_CLUSTER,
    ClusterTooLarge,
    UnknownAccount,
    all_clusters,
    cluster_of,
    joined_neighbours,
    minor_risk_accounts,
)
from storage.links.views import (
    CaptureRef,
    Cluster,
    EdgeSide,
    LinkEdge,
    MediaRef,
    Member,
    Pair,
    captures_by_id,
    load_cluster,
    media_by_id,
    members,
    pair_edges,
    pairs_within,
)

__all__ = [
    "MAX_CLUSTER",
    "CaptureRef",
    "Cluster",
    "ClusterTooLarge",
    "EdgeSide",
    "LinkEdge",
    "MediaRef",
    "Member",
    "Pair",
    "UnknownAccount",
    "all_clusters",
    "captures_by_id",
    "cluster_of",
    "joined_neighbours",
    "load_cluster",
    "media_by_id",
    "members",
    "minor_risk_accounts",
    "pair_edges",
    "pairs_within",
]
