def find_meetings(doc, persons):
    return []
