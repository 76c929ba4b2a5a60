"""What the public templates need of the documents (forum/core/templating.py)."""

from documents.structured_data import document_data, document_list_data, initiative_data

filters = {}
# schema.org data of the pages (documents/structured_data.py), written by |json_ld.
globals = {  # noqa: A001 (the name the template backend's helpers read)
    "document_data": document_data,
    "document_list_data": document_list_data,
    "initiative_data": initiative_data,
}
