-- vigil.population.count-reported.v2 (docs/schema-evolution.md) added "method". Views written before this version
-- hold v1 headcounts; they are rewritten here exactly as the upcaster reads v1 (method "not_stated"), so that the
-- projection only ever meets v2. The log itself is never changed; parked events are upcast when they are read.
UPDATE facts
   SET type = 'vigil.population.count-reported.v2',
       data = ((CASE WHEN data::jsonb ? 'type'
                     THEN jsonb_set(data::jsonb, '{type}', '"vigil.population.count-reported.v2"')
                     ELSE data::jsonb END) || '{"method": "not_stated"}'::jsonb)::text
 WHERE type = 'vigil.population.count-reported.v1';
