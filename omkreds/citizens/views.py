from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from omkreds.access import policy


@login_required
def home(request):
    citizens = policy.citizens_in_reach(request.user).active().select_related("primary_worker")
    return render(request, "citizens/home.html", {"citizens": citizens})
