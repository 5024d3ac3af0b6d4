"""Demo content, one module per app, each with `seed(log)`; `manage.py seed_demo` runs them in
order. The words live as data files under content/ (YAML for records, Markdown for long bodies),
read through `data`."""
