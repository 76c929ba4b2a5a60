"""Readers of the public site, each asking for the next page as soon as one arrives."""

import json
import os
import random

from locust import HttpUser, constant, task

PATHS = json.loads(os.environ.get("LOADTEST_PATHS", "{}"))


class Reader(HttpUser):
    wait_time = constant(0)

    def visit(self, page):
        path = random.choice(PATHS[page])
        with self.client.get(path, name=page, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(2)
    def home(self):
        self.visit("home")

    @task(1)
    def sessions(self):
        self.visit("sessions")

    @task(2)
    def session(self):
        self.visit("session")

    @task(4)
    def documents(self):
        self.visit("documents")

    @task(3)
    def filtered(self):
        self.visit("filtered")

    @task(3)
    def search(self):
        self.visit("search")

    @task(5)
    def document(self):
        self.visit("document")

    @task(1)
    def committee(self):
        self.visit("committee")

    @task(1)
    def feed(self):
        self.visit("feed")

    @task(1)
    def sitemap(self):
        self.visit("sitemap")
