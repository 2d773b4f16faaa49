-- Diversions held against a dealer (docs/activation.md, docs/price-watch.md): the dealer ranking counts them per dealer
-- and the brand-operations page lists a dealer's newest. A partial index holds only the diverted first activations
-- (a few in a hundred), so both read it instead of every activation; activations that are not diversions pay nothing.
-- The queries name the condition as the index does (`diversion`), which is how SQLite matches a partial index.
CREATE INDEX activations_diverted ON activations (dealer_id, received_at DESC, activation_id DESC) WHERE diversion;
