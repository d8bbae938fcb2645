-- A tenant template that fails halfway: used to prove that a failed provisioning leaves nothing behind.
CREATE TABLE half_built (id integer PRIMARY KEY);
SELECT 1 / 0;
