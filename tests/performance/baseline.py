"""The benchmark's yardstick: the cheapest page Django can serve with these settings."""

from django.shortcuts import render


def baseline(request):
    return render(request, "bench/baseline.html", {"title": "Baseline"})
