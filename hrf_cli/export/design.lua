-- hrf export: the publication's design, applied to the one document before each writer.
-- Loaded by export.lua with dofile (cfg.design_lua). Settings come in cfg.design (build.py):
-- lang, date_text, date_iso, kind, label, typst (the #let bindings of style.yaml).
--
-- What it does, for every format alike: the date written out in the report's language,
-- quotation marks chosen by that language, tables with a left label column and right-aligned
-- figures. For typst: document metadata (title, authors, subject, keywords) for PDF/UA,
-- images with their alt text, places where a web address may break, the cover image.

local M = {}

-- A setting from build.py: JSON null arrives as userdata, so only strings count.
local function text(value)
  if type(value) == "string" and value ~= "" then return value end
  return nil
end

local QUOTES = {
  ["en-GB"] = {"‘", "’", "“", "”"}, en = {"“", "”", "‘", "’"},
  uk = {"«", "»", "„", "“"}, ru = {"«", "»", "„", "“"}, de = {"„", "“", "‚", "‘"},
  fr = {"« ", " »", "“", "”"}, pl = {"„", "”", "«", "»"},
}

local function quotes_for(lang)
  if QUOTES[lang] then return QUOTES[lang] end
  local base = lang:match("^(%a+)")
  if base == "en" and not lang:match("^en%-US") and not lang:match("^en%-CA") then
    return QUOTES["en-GB"]
  end
  return QUOTES[base]
end

-- A typst string literal.
function M.typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("[\r\n]", " ") .. '"'
end

local function is_number(text)
  local t = text:gsub("[%s\194\160]", "")
  return t ~= "" and t:match("^[~≈<>%+%-−±]*[%d][%d,%.%s%%‰€$£₴/:–-]*[%a%%]?$") ~= nil
end

-- Columns the author left unaligned: the first stays left, a column of figures goes right.
local function align_table(tbl)
  for col, spec in ipairs(tbl.colspecs) do
    if spec[1] == "AlignDefault" then
      local numeric, seen = col > 1, false
      if numeric then
        for _, body in ipairs(tbl.bodies) do
          for _, row in ipairs(body.body) do
            local cell = row.cells[col]
            if cell then
              local text = pandoc.utils.stringify(cell.contents)
              if text ~= "" then
                seen = true
                if not is_number(text) then numeric = false end
              end
            end
          end
        end
      end
      tbl.colspecs[col] = {(numeric and seen) and "AlignRight" or "AlignLeft", spec[2]}
    end
  end
  return tbl
end

-- For every format: date, language, table alignment.
function M.prepare(doc, cfg)
  local d = cfg.design or {}
  if text(d.date_text) then doc.meta.date = pandoc.MetaInlines({pandoc.Str(d.date_text)}) end
  doc.meta.lang = pandoc.MetaString(d.lang or "en-GB")
  return doc:walk { Table = align_table }
end

-- Quotation marks of the report's language for a Quoted element; ``raw`` makes them typst
-- escapes (pandoc's typst writer turns ’ into ' and typst's smart quotes may then guess the
-- wrong side after a comma).
local function quoted(cfg, raw)
  local marks = quotes_for((cfg.design or {}).lang or "en-GB")
  if not marks then return nil end
  local function mark(char)
    if not raw then return pandoc.Str(char) end
    local codes = {}
    for _, code in utf8.codes(char) do codes[#codes + 1] = string.format("\\u{%x}", code) end
    return pandoc.RawInline("typst", table.concat(codes))
  end
  return function(q)
    local open, close = marks[1], marks[2]
    if q.quotetype == "SingleQuote" then open, close = marks[3], marks[4] end
    local out = pandoc.List({mark(open)})
    out:extend(q.content)
    out:insert(mark(close))
    return out
  end
end

-- HTML and Word: the language's quotation marks as text.
function M.quotes(doc, cfg)
  local filter = quoted(cfg, false)
  if not filter then return doc end
  return doc:walk { Quoted = filter }
end

-- A web address as typst text: a break allowed after / . - ? & (never inside "//").
local function breakable(url)
  return (url:gsub("([/%.%-%?&])(%f[^/%.%-%?&])", "%1\u{200B}%2"))
end

local function typst_length(value)
  if value and value:match("^%d+%.?%d*%%$") then return value end
  if value and value:match("^%d+%.?%d*(cm)$") or value and value:match("^%d+%.?%d*(mm)$")
     or value and value:match("^%d+%.?%d*(in)$") or value and value:match("^%d+%.?%d*(pt)$") then
    return value
  end
  return nil
end

local function image_call(img, alt, block)
  local args = {M.typst_string(img.src)}
  local width = typst_length(img.attributes.width)
  local height = typst_length(img.attributes.height)
  if width then args[#args + 1] = "width: " .. width end
  if height then args[#args + 1] = "height: " .. height end
  local call
  if alt ~= "" then
    args[#args + 1] = "alt: " .. M.typst_string(alt)
    call = "image(" .. table.concat(args, ", ") .. ")"
  else  -- no description: decoration for a screen reader (lint warns: missing-alt-text)
    call = "pdf.artifact(image(" .. table.concat(args, ", ") .. "))"
  end
  if block then return "#" .. call end
  return "#box(" .. call .. ")"
end

local function is_local(src)
  return not src:match("^https?://") and not src:match("^data:")
end

-- For typst: alt text on images, breakable web addresses, PDF metadata variables. ``fix``
-- holds export.lua's steps, run in the same walks: ``fix.image(img)`` (the checked path, or a
-- web image as a link), ``fix.link(link)`` (a span for a link typst would refuse) and
-- ``fix.any_image`` (false: the walk for figures and linked images is skipped).
function M.for_typst(doc, cfg, fix)
  if fix.any_image then
    doc = doc:walk {
      Link = function(link)  -- a linked image with no description is described by its link
        if fix.link(link) then return nil end
        link.content = link.content:walk { Image = function(img)
          if pandoc.utils.stringify(img.caption) == "" then
            img.caption = {pandoc.Str(link.title ~= "" and link.title or link.target)}
          end
          return img
        end }
        return link
      end,
      Figure = function(fig)
        local caption = pandoc.utils.stringify(fig.caption.long or {})
        fig.content = fig.content:walk { Image = function(img)
          local fixed = fix.image(img) or img
          if fixed.t ~= "Image" or not is_local(fixed.src) then return fixed end
          local alt = pandoc.utils.stringify(fixed.caption)
          if alt == "" then alt = caption end
          return pandoc.RawInline("typst", image_call(fixed, alt, true))
        end }
        return fig
      end,
    }
  end
  local function breakable_link(link)
    local text = pandoc.utils.stringify(link.content)
    if text:match("^https?://") or text:match("^www%.") then
      link.content = {pandoc.Str(breakable(text))}
      return link
    end
  end
  return doc:walk {
    Quoted = quoted(cfg, true),
    Math = function(math)  -- PDF/UA: an equation's alt text is its TeX source
      return {pandoc.RawInline("typst", "#[#set math.equation(alt: " .. M.typst_string(math.text) .. ")\n"),
              math, pandoc.RawInline("typst", "]")}
    end,
    Image = function(img)
      local fixed = fix.image(img)
      if fixed and fixed.t == "Link" then return breakable_link(fixed) or fixed end
      fixed = fixed or img
      if not is_local(fixed.src) then return fixed ~= img and fixed or nil end
      return pandoc.RawInline("typst", image_call(fixed, pandoc.utils.stringify(fixed.caption), false))
    end,
    Link = function(link)
      return fix.link(link) or breakable_link(link)
    end,
  }
end

local function strings(value)
  if not value then return {} end
  if pandoc.utils.type(value) == "List" then
    local out = {}
    for _, item in ipairs(value) do out[#out + 1] = pandoc.utils.stringify(item) end
    return out
  end
  return {pandoc.utils.stringify(value)}
end

local function typst_array(items)
  local quoted = {}
  for _, item in ipairs(items) do quoted[#quoted + 1] = M.typst_string(item) end
  return "(" .. table.concat(quoted, ", ") .. (#quoted == 1 and ",)" or ")")
end

-- The local file named by `cover-image:` in the front matter, if any.
function M.cover_image(meta)
  local image = meta["cover-image"] and pandoc.utils.stringify(meta["cover-image"]) or ""
  if image == "" or not is_local(image) then return nil end
  return image
end

-- The typst template's hrf-* variables; ``answer`` holds the checked cover image.
function M.typst_variables(doc, cfg, vars, answer, say)
  local d = cfg.design or {}
  local meta = doc.meta
  local title = meta.title and pandoc.utils.stringify(meta.title) or ""
  local parts = {}  -- the title is the template's, as pandoc writes it
  parts[#parts + 1] = "author: " .. typst_array(strings(meta.author))
  local subject = meta.description or meta.subtitle or meta.abstract
  if subject then parts[#parts + 1] = "description: " .. M.typst_string(pandoc.utils.stringify(subject)) end
  local keywords = strings(meta.keywords)
  if #keywords > 0 then parts[#parts + 1] = "keywords: " .. typst_array(keywords) end
  parts[#parts + 1] = "date: auto"
  vars["hrf-document"] = "#set document(" .. table.concat(parts, ", ") .. ")"
  vars["hrf-design"] = d.typst or ""
  local lang = d.lang or "en-GB"
  vars["hrf-lang"] = (lang:match("^(%a+)") or "en"):lower()
  local region = lang:match("^%a+%-(%a%a)$")
  if region then vars["hrf-region"] = region:upper() end
  vars["hrf-kind"] = d.kind or "report"
  vars["hrf-label"] = M.typst_string(d.label or "Field report")
  if d.kind == "statement" then vars["hrf-statement"] = "true" end
  local image = M.cover_image(meta)
  local found = image and answer.images and answer.images[image]
  if found and found.typst then
    vars["hrf-cover-image"] = found.typst:gsub("\\", "/"):gsub('"', "")
    local alt = meta["cover-alt"] and pandoc.utils.stringify(meta["cover-alt"]) or title
    vars["hrf-cover-alt"] = M.typst_string(alt)
  elseif image then
    say("warning", "cover image not found: " .. image .. " (the cover has none)")
  end
end

local function html_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

-- The HTML template's variables: the design's CSS properties, the label, the ISO date.
function M.html_variables(doc, cfg, vars)
  local d = cfg.design or {}
  vars["hrf-css"] = d.css or ""
  vars["hrf-label"] = html_escape(d.label or "Field report")
  if text(d.date_iso) then vars["date-iso"] = d.date_iso end
  if d.kind == "statement" then vars["hrf-statement"] = "true" end
end

local function xml_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function para(style, inlines)
  return pandoc.Div({pandoc.Para(inlines)}, {["custom-style"] = style})
end

local PAGE_BREAK = pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

local function toc_field(title, depth)
  return pandoc.RawBlock("openxml", table.concat({
    '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>',
    '<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>',
    '<w:p><w:pPr><w:pStyle w:val="ContentsTitle"/></w:pPr><w:r><w:t xml:space="preserve">',
    xml_escape(title), '</w:t></w:r></w:p>',
    '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>',
    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-', string.format("%d", math.max(1, math.floor(depth))),
    '" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    '<w:r><w:t>', xml_escape("Right-click to update the table of contents."), '</w:t></w:r>',
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:sdtContent></w:sdt>'}))
end

-- For Word: a title page (label, title, subtitle, authors, date), then the contents field
-- (Word fills it on opening: w:updateFields, set by docx_post.py), then the report. The
-- metadata build.py writes into docProps/core.xml goes beside the file as JSON.
function M.for_docx(doc, cfg, toc, depth, toc_title)
  local d = cfg.design or {}
  local meta = doc.meta
  local facts = {title = meta.title and pandoc.utils.stringify(meta.title) or "",
                 authors = strings(meta.author), keywords = strings(meta.keywords),
                 subject = pandoc.utils.stringify(meta.description or meta.subtitle or ""),
                 lang = d.lang or "en-GB"}
  local side = io.open(cfg.outputs.docx .. ".json", "wb")
  side:write(pandoc.json.encode(facts))
  side:close()
  local front = pandoc.List()
  local label = d.label or "Field report"
  if cfg.organisation and cfg.organisation ~= "" then label = label .. " · " .. cfg.organisation end
  front:insert(para("Cover Label", {pandoc.Str(label)}))
  if meta.title then front:insert(para("Title", pandoc.utils.type(meta.title) == "Inlines" and meta.title or {pandoc.Str(facts.title)})) end
  if meta.subtitle then front:insert(para("Subtitle", {pandoc.Str(pandoc.utils.stringify(meta.subtitle))})) end
  for _, author in ipairs(facts.authors) do front:insert(para("Author", {pandoc.Str(author)})) end
  if meta.date then front:insert(para("Date", {pandoc.Str(pandoc.utils.stringify(meta.date))})) end
  if d.kind ~= "statement" then
    front:insert(PAGE_BREAK)
    if toc then
      front:insert(toc_field(toc_title or "Contents", depth))
      front:insert(PAGE_BREAK)
    end
  end
  for _, key in ipairs({"title", "subtitle", "author", "date", "abstract", "csl", "bibliography",
                        "cover-image", "cover-credit", "cover-alt", "type"}) do
    doc.meta[key] = nil
  end
  front:extend(doc.blocks)
  doc.blocks = front
  return doc
end

return M
