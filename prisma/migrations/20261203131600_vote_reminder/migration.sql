-- The reminder, the day before a vote closes, to the members who have not voted yet.
ALTER TYPE "deadline_kind" ADD VALUE 'vote-reminder' AFTER 'vote-close';
