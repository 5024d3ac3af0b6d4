"""Course pages, split by subject: the catalogue and a course's pages (catalogue), lessons
(lessons), knowledge checks (checks), and the learner's own pages under /learn/ (learn)."""
