import assert from 'node:assert/strict';
import { comparableSchema, sameSchema } from '../../src/schemaDiff/text';

describe('schema diff text', () => {
  const dump = (key: string) => `--\n-- PostgreSQL database dump\n--\n\n\\restrict ${key}\n\nCREATE TABLE public.notes (\n    v text\n);\n\n\\unrestrict ${key}\n`;

  it('two dumps of one schema, each with its own random restrict key, compare as the same', () => {
    const a = comparableSchema(dump('AbC123'));
    const b = comparableSchema(dump('zZz999'));
    assert.equal(a, b);
    assert.ok(sameSchema(a, b));
    assert.doesNotMatch(a, /restrict/);
    assert.match(a, /CREATE TABLE public\.notes/);
  });

  it('keeps every other line, even one that mentions restrict; a changed table is a difference', () => {
    const text = "COMMENT ON TABLE public.t IS '\\\\restrict me';\n-- \\restrict in a comment\n";
    assert.equal(comparableSchema(text), text);
    assert.ok(!sameSchema(comparableSchema(dump('k')), comparableSchema(dump('k').replace('v text', 'v integer'))));
    assert.ok(sameSchema('a\r\nb\n', 'a\nb'), 'line endings and a trailing newline are not a difference');
  });

  // pg_dump 17's --schema-only output around the first table, as Compare Schema showed it (walk 29).
  const preamble = [
    '--', '-- PostgreSQL database dump', '--', '', '\\restrict K1', '', '-- Dumped from database version 17.5', '-- Dumped by pg_dump version 17.6', '',
    'SET statement_timeout = 0;', 'SET lock_timeout = 0;', 'SET idle_in_transaction_session_timeout = 0;', 'SET transaction_timeout = 0;',
    "SET client_encoding = 'UTF8';", 'SET standard_conforming_strings = on;', "SELECT pg_catalog.set_config('search_path', '', false);",
    'SET check_function_bodies = false;', 'SET xmloption = content;', 'SET client_min_messages = warning;', 'SET row_security = off;', '',
  ];
  const table = ["SET default_tablespace = '';", '', 'SET default_table_access_method = heap;', '', '--', '-- Name: walk29; Type: TABLE; Schema: public; Owner: neondb_owner', '--', '', 'CREATE TABLE public.walk29 (', '    id integer NOT NULL', ');', '', ''];
  const acl = ['--', '-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner', '--', '', 'GRANT ALL ON SCHEMA public TO neon_superuser WITH GRANT OPTION;', '', '', '--', '-- PostgreSQL database dump complete', '--', '', '\\unrestrict K1', ''];

  it('pg_dump\'s session settings are not schema: a new table is the only difference, not SET default_tablespace and friends (walk 29)', () => {
    const left = comparableSchema([...preamble, ...acl].join('\n'));
    const right = comparableSchema([...preamble, ...table, ...acl].join('\n'));
    assert.doesNotMatch(left + right, /^SET |set_config/m);
    const kept = (lines: string[]) => lines.filter((l) => !/^SET |set_config|^\\(un)?restrict/.test(l));
    // Everything else is kept as it was: the comments, the table, the blank lines between blocks.
    const aclText = '--\n-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner\n--\n\nGRANT ALL ON SCHEMA public TO neon_superuser WITH GRANT OPTION;\n\n\n--\n-- PostgreSQL database dump complete\n--\n';
    assert.equal(left, `--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 17.5\n-- Dumped by pg_dump version 17.6\n\n${aclText}`);
    const tableBlock = kept(table).slice(2).join('\n') + '\n';
    assert.equal(right, left.replace('--\n-- Name: SCHEMA public', `${tableBlock}--\n-- Name: SCHEMA public`), 'the right side is the left one with the table block added, nothing else');
  });

  it('a SET inside a function body, a string or a comment is schema and stays', () => {
    const text = [
      'CREATE FUNCTION public.f() RETURNS void',
      '    LANGUAGE sql',
      '    AS $_$',
      'SET work_mem = 64;',
      "SELECT pg_catalog.set_config('search_path', 'x', false);",
      '$_$;',
      '',
      "COMMENT ON TABLE public.t IS E'it\\'s',",
      "'",
      'SET search_path = x;',
      "';",
      '',
      'SET row_security = off;',
      '',
      '-- SET in a comment: $$ opens nothing',
      'SET lock_timeout = 0;',
      '',
      'CREATE VIEW public.v AS',
    ].join('\n');
    assert.equal(
      comparableSchema(text),
      text.replace('SET row_security = off;\n\n', '').replace('SET lock_timeout = 0;\n', ''),
    );
  });
});
