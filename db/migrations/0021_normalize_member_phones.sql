-- Phone numbers in one canonical form (digits only, 0 first, as registration and imports store them): rows written
-- before that rule (hyphens, spaces, full-width digits, +81) are rewritten; a value that is not a Japanese number
-- after that is left as it was for staff to correct.
UPDATE members SET phone = n.canonical
FROM (
  SELECT id, CASE WHEN d LIKE '+81%' THEN '0' || substr(d, 4) ELSE d END AS canonical
  FROM (SELECT id, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(phone, '０', '0'), '１', '1'), '２', '2'), '３', '3'), '４', '4'), '５', '5'), '６', '6'), '７', '7'), '８', '8'), '９', '9'), '-', ''), '‐', ''), '‑', ''), '–', ''), '—', ''), '―', ''), '−', ''), '－', ''), 'ー', ''), ' ', ''), '　', ''), '(', ''), ')', ''), '（', ''), '）', '') AS d FROM members WHERE phone IS NOT NULL)
) AS n
WHERE members.id = n.id
  AND members.phone <> n.canonical
  AND length(n.canonical) IN (10, 11)
  AND n.canonical GLOB '0*'
  AND n.canonical NOT GLOB '*[^0-9]*';
