-- hrf export, source safety: runs first, before citeproc and before export.lua, so nothing
-- it removes can reach a writer, a bibliography, a table of contents or the metadata.
--
-- 1. HTML comments (editors' notes) are removed: comment-only raw HTML becomes nothing, and
--    comments inside other raw HTML are cut out of it.
-- 2. Redactions: a span [text]{.redact} and a div ::: redact become one mark of fixed width
--    (the same for a letter or a whole paragraph) labelled "redacted"; the text itself is
--    dropped from the document. A heading whose text had a redaction gets a neutral
--    identifier, since pandoc made its identifier from the words (an id in the HTML, a label
--    in typst, a bookmark in DOCX).
--
-- Element filters also walk the metadata (title, abstract, ...), so both hold there too; a
-- redaction there becomes the text "[redacted]".

local MARK_HTML = '<span class="redacted" role="img" aria-label="redacted">'
  .. '\u{2588}\u{2588}\u{2588}\u{2588}\u{2588}\u{2588}</span>'
local MARK_TYPST = '#box(width: 5.5em, fill: black, outset: (y: 0.22em), '
  .. 'align(center, text(fill: white, size: 0.7em, tracking: 0.08em)[REDACTED]))'
local MARK_DOCX = '<w:r><w:rPr><w:color w:val="FFFFFF"/>'
  .. '<w:shd w:val="clear" w:color="auto" w:fill="000000"/></w:rPr>'
  .. '<w:t xml:space="preserve">\u{2002}REDACTED\u{2002}</w:t></w:r>'

local function mark()
  -- One raw piece per writer; each writer keeps only its own format.
  return {pandoc.RawInline("html", MARK_HTML), pandoc.RawInline("typst", MARK_TYPST),
          pandoc.RawInline("openxml", MARK_DOCX)}
end

local function is_redaction(el)
  return el.classes:includes("redact")
end

-- Everything from "<!--" to the next "-->" (or to the end: an unclosed comment hides all).
local function without_comments(text)
  local out, pos = {}, 1
  while true do
    local open = text:find("<!--", pos, true)
    if not open then
      out[#out + 1] = text:sub(pos)
      break
    end
    out[#out + 1] = text:sub(pos, open - 1)
    local _, close = text:find("-->", open + 4, true)
    if not close then break end
    pos = close + 1
  end
  return table.concat(out)
end

local function raw(el)
  if el.format ~= "html" and el.format ~= "html5" then return nil end
  if not el.text:find("<!--", 1, true) then return nil end
  local text = without_comments(el.text)
  if text:match("^%s*$") then return {} end
  el.text = text
  return el
end

local redacted_headings = 0

-- A heading whose text held a redaction: by the time a Header is seen its spans are marks
-- (inline elements are walked before blocks), so it is found by the mark's raw HTML.
local function is_mark(el)
  return el.t == "RawInline" and el.format == "html" and el.text == MARK_HTML
end

local function header(h)
  local found = false
  for _, el in ipairs(h.content) do
    if is_mark(el) then found = true; break end
  end
  if not found then
    h.content:walk { RawInline = function(el) if is_mark(el) then found = true end end }
  end
  if not found then return nil end
  redacted_headings = redacted_headings + 1
  h.identifier = "redacted-section-" .. redacted_headings
  return h
end

-- In the metadata the mark is plain text: templates print title, author... as text (a raw
-- piece would show as typed), and <title>, PDF and DOCX properties hold text only.
local META_MARK = "[redacted]"

local function meta(m)
  local walked = pandoc.Pandoc({}, m):walk {
    Span = function(span)
      if is_redaction(span) then return pandoc.Str(META_MARK) end
    end,
    Div = function(div)
      if is_redaction(div) then return pandoc.Plain({pandoc.Str(META_MARK)}) end
    end,
  }
  return walked.meta
end

-- Two walks: the metadata first (its redactions become text), then one walk over the body,
-- where pandoc calls the inline functions on every inline before any block function, so a
-- redacted span is already a mark when its heading is seen. A walk over a 150,000-word
-- report costs about half a second, so there is one, not three.
return {
  {Meta = meta},
  {
    RawInline = raw,
    RawBlock = raw,
    Span = function(span) if is_redaction(span) then return mark() end end,
    Div = function(div) if is_redaction(div) then return pandoc.Para(mark()) end end,
    Header = header,
  },
}
