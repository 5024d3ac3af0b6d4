"""CE pages by audience: the learner's (learner), staff's (staff) and the public verification
page (verify)."""
