"""The rate-limit buckets accounts counts in (core.ratelimit)."""

LOGIN_ACCOUNT = "login-account"
LOGIN_ADDRESS = "login-address"
SIGNUP_ADDRESS = "signup-address"
VERIFY_RESEND = "verify-resend"
RESET_ADDRESS = "reset-address"
