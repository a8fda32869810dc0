"""What the hall sees and how it gets there: the snapshot, the announcements after each
commit, the Socket.IO handlers, phones counted, and the projector and stage pages."""
