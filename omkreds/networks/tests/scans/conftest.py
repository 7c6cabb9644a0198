import pytest


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Photos and scans go to a temporary private folder, not the developer's var/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return tmp_path / "private"
