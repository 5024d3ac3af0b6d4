"""Verifiable credentials: certificates as signed Open Badges 3.0 credentials (W3C Verifiable
Credentials 2.0, Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite)."""
