from django.shortcuts import render

from omkreds.access.log import AccessLogUnavailable


class AccessLogGuardMiddleware:
    """No log, no data: a failed log write answers 503 with a page that holds no citizen data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AccessLogUnavailable):
            return render(request, "503.html", status=503)
        return None
