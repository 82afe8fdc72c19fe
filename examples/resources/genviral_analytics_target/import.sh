# Import by target id:
terraform import genviral_analytics_target.northwind 5c9d2e41-0a7b-4c3f-b8e2-91d4f6a0c3b5

# Or by platform and handle (the handle is matched case-insensitively, with or without "@"):
terraform import genviral_analytics_target.northwind tiktok/@northwind_labs
