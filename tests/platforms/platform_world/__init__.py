"""A test world shaped like real Japanese platforms (Fantia, pixivFANBOX, Ci-en, Skeb, Rakuma)
for the bundled profiles: fictional people, placeholder images, real URL and API structure."""

from platform_world.world import PlatformWorld

__all__ = ["PlatformWorld"]
