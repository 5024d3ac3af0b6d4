"""CE pages by audience: the learner's (learner), staff's (staff, and accreditors for the
accreditors' rosters) and the public verification pages (verify)."""
