"""The review web app: patrol volunteers and analysts look at flagged accounts and decide.

Importing this package has no web-framework side effects; `crawler.review.app` builds the app.
"""
