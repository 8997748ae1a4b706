"""Who is calling: the signed-in user as the rest of the request sees them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    display_name: str
    unit: str
    grants: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (role, domain)
    active: bool = True
    signed_out_at_ms: int = 0  # tokens issued up to this moment are no longer valid

    def has_role(self, role: str, domain: str) -> bool:
        return (role, domain) in self.grants
