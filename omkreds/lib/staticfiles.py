"""The production static storage: hashed, compressed names, and ES module imports rewritten too.

The map editor is a set of ES modules (`import … from "./editor/state.js"`). Django rewrites
those imports to the hashed names only when asked; without it a browser would load the unhashed
module files, which are not cached as immutable and can mix two deployments' modules.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
