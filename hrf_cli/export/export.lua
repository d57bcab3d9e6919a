-- hrf export: pandoc reads the report once; this filter then runs citeproc and writes every
-- format from that one document in the same process: typst first (so Python can start the
-- PDF compile while HTML and DOCX are written), then HTML, then DOCX.
--
-- Settings come as JSON in the HRF_EXPORT environment variable (see build.py). Lines on
-- stderr starting with "hrf:" talk to Python: "hrf:files:JSON" (the one request for files,
-- answered with one JSON line on stdin), "hrf:warning:TEXT", "hrf:typst-ready" and
-- "hrf:html-ready" (Python finishes that file while pandoc goes on). A refused file stops
-- pandoc with "hrf-error:".
--
-- Neither citeproc nor pandoc.write inside a filter is covered by --sandbox, so no file is
-- read here by the name the document gives: Python checks every bibliography, citation
-- abbreviations file and local image against the project boundary (hrf_cli/boundary.py),
-- copies it, and answers with the copies' paths, which replace the names before citeproc and
-- the writers run. Images reach HTML as data: URIs and DOCX through the media bag; typst gets
-- the checked real path below the project root; web images become links in DOCX and PDF.

local cfg = pandoc.json.decode(os.getenv("HRF_EXPORT"))
local design = dofile(cfg.design_lua)

local function say(kind, text)
  io.stderr:write("hrf:" .. kind .. ":" .. text:gsub("\n", " ") .. "\n")
  io.stderr:flush()
end

local function refuse(text)
  error("hrf-error:" .. text, 0)
end

local function read_file(path)
  local handle = io.open(path, "rb")
  if not handle then return nil end
  local data = handle:read("a")
  handle:close()
  return data
end

local function write_file(path, data)
  local handle = assert(io.open(path, "wb"))
  handle:write(data)
  handle:close()
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local function base64(data)
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = {}
    for k = 3, 0, -1 do
      local index = (n >> (6 * k)) & 63
      chars[#chars + 1] = B64:sub(index + 1, index + 1)
    end
    if not b then chars[3], chars[4] = "=", "=" elseif not c then chars[4] = "=" end
    out[#out + 1] = table.concat(chars)
  end
  return table.concat(out)
end

local MIME = {png = "image/png", jpg = "image/jpeg", jpeg = "image/jpeg", gif = "image/gif",
              svg = "image/svg+xml", webp = "image/webp", pdf = "application/pdf"}

local function is_web(url) return url:match("^https?://") ~= nil end

-- Every file the document names, as pandoc parsed it (all metadata blocks included).
local function meta_names(value)
  if not value then return {} end
  local list = pandoc.utils.type(value) == "List" and value or {value}
  local names = {}
  for _, item in ipairs(list) do
    local name = pandoc.utils.stringify(item)
    if name ~= "" then names[#names + 1] = name end
  end
  return names
end

-- One walk: the local images the report names, whether it holds raw typst (Python then
-- checks what that could read), and whether it has any image at all.
local function survey(doc)
  local srcs, seen, raw_typst, any_image = {}, {}, false, false
  local function raw(el) if el.format == "typst" then raw_typst = true end end
  doc:walk {
    Image = function(img)
      any_image = true
      local src = img.src
      if not is_web(src) and not src:match("^data:") and not seen[src] then
        seen[src] = true
        srcs[#srcs + 1] = src
      end
    end,
    RawBlock = raw,
    RawInline = raw,
  }
  return srcs, raw_typst, any_image
end

-- One request to Python for every file, one answer: the checked copies (or an error).
local function ask_files(doc)
  local images, raw_typst, any_image = survey(doc)
  local in_text = #images
  local cover = design.cover_image(doc.meta)  -- `cover-image:` is checked like any image
  if cover then images[#images + 1] = cover end
  local request = {bibliography = meta_names(doc.meta.bibliography),
                   ["citation-abbreviations"] = meta_names(doc.meta["citation-abbreviations"]),
                   images = images, raw_typst = raw_typst}
  say("files", pandoc.json.encode(request))
  local line = io.stdin:read("l")
  if not line then refuse("hrf did not answer the request for the report's files") end
  local answer = pandoc.json.decode(line, false)
  if answer.error then refuse(answer.error) end
  answer.local_images, answer.any_image = in_text > 0, any_image
  return answer
end

-- Bibliographies and abbreviations become the checked copies, then citeproc runs.
local function cite(doc, answer)
  if doc.meta.bibliography then doc.meta.bibliography = pandoc.List(answer.bibliography) end
  local abbreviations = answer["citation-abbreviations"]
  if doc.meta["citation-abbreviations"] then
    doc.meta["citation-abbreviations"] = abbreviations[1]
  end
  return pandoc.utils.citeproc(doc)
end

-- Images: read each checked copy once; missing ones become their description. The same
-- walk notes the internal link targets (typst refuses a link to a label it does not have).
local function gather_images(doc, answer)
  local images, missing, targets = {}, {}, {}
  doc = doc:walk {
    Link = function(link)
      local target = link.target
      if target:sub(1, 1) == "#" then targets[target:sub(2)] = true end
    end,
    Image = function(img)
      if not answer.local_images then return nil end
      local src = img.src
      local found = answer.images[src]
      if not found then return nil end
      if found.missing then
        if not missing[src] then
          missing[src] = true
          say("warning", "image not found: " .. src .. " (its description is shown instead)")
        end
        local alt = #img.caption > 0 and img.caption or {pandoc.Str(src)}
        return pandoc.Span(alt, {class = "missing-image"})
      end
      if not images[src] then
        local ext = (src:match("%.(%w+)$") or ""):lower()
        images[src] = {mime = MIME[ext] or "application/octet-stream",
                       data = read_file(found.file), typst = found.typst}
      end
      return nil
    end,
  }
  return doc, images, targets
end

-- One walk over the headings: the top level, how many top-level sections, their ids.
local function headings(doc)
  local levels, ids = {}, {}
  doc:walk { Header = function(h)
    levels[#levels + 1] = h.level
    if h.identifier ~= "" then ids[h.identifier] = true end
  end }
  local top = nil
  for _, level in ipairs(levels) do if not top or level < top then top = level end end
  top = top or 1
  local sections = 0
  for _, level in ipairs(levels) do if level == top then sections = sections + 1 end end
  return top, sections, ids
end

-- pandoc's reference-section-title is always level 1; put the heading at the report's level.
local function title_references(doc, level)
  for i, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.identifier == "refs" and #block.content > 0 then
      doc.blocks:insert(i, pandoc.Header(level, cfg.sources_title,
                                         {id = "sources", class = "unnumbered"}))
      return
    end
  end
end

local function shifted(doc, top, wanted)
  local by = wanted - top
  if by == 0 then return doc end
  return doc:walk { Header = function(h) h.level = math.max(1, h.level + by); return h end }
end

-- Every identifier typst will have as a label; walked only when a link needs it (a walk
-- with a function per element type only hands those elements to Lua).
local function ids_of(doc, ids)
  local function note(el) if el.identifier ~= "" then ids[el.identifier] = true end end
  doc:walk { Div = note, Span = note, Figure = note, Table = note, CodeBlock = note,
             Code = note, Image = note, Link = note }
  return ids
end

local function needs_ids(targets, ids)
  for target in pairs(targets) do
    if not ids[target] then return true end
  end
  return false
end

local function web_image_as_link(img)
  if is_web(img.src) then
    return pandoc.Link(#img.caption > 0 and img.caption or {pandoc.Str(img.src)}, img.src)
  end
end

-- typst refuses links to labels that do not exist and links with no address; it reads
-- local images itself, by the real path Python checked (relative to the project root).
-- These steps run inside design.lua's walk for typst (one walk, not two).
local function for_typst(doc, ids, images, any_image)
  local fix = {any_image = any_image}
  function fix.image(img)
    if images[img.src] then img.src = images[img.src].typst; return img end
    return web_image_as_link(img)
  end
  function fix.link(link)
    local target = link.target:match("^%s*(.-)%s*$")
    if target == "" or (target:sub(1, 1) == "#" and not ids[target:sub(2)]) then
      return pandoc.Span(link.content, link.attr)
    end
  end
  doc = design.for_typst(doc, cfg, fix)
  if cfg.notes ~= "endnotes" then return doc end
  local notes = {}
  doc = doc:walk {
    Note = function(note)
      notes[#notes + 1] = note.content
      local n = #notes
      return pandoc.Superscript({pandoc.Link(tostring(n), "#endnote-" .. n)})
    end,
  }
  if #notes == 0 then return doc end
  local items = {}
  for n, blocks in ipairs(notes) do
    local anchor = pandoc.RawInline("typst", "#metadata(none)<endnote-" .. n .. ">")
    local item = pandoc.List({pandoc.Plain({anchor})})
    item:extend(blocks)
    items[#items + 1] = item
  end
  doc.blocks:insert(pandoc.Header(1, cfg.notes_title, {id = "endnotes", class = "unnumbered"}))
  doc.blocks:insert(pandoc.OrderedList(items))
  return doc
end

-- Front matter the templates print (cover, <title>, masthead, running header) is text:
-- raw HTML or typst in it (`title: "T</title>"`) stays visible as typed instead of ending
-- the <title> or breaking the typst markup. The organisation from hrf.yaml goes in as text
-- too, so every writer escapes it; lang and dir must be what they claim to be.
local TEXT_FIELDS = {"title", "subtitle", "author", "date", "organisation", "toc-title",
                     "title-prefix", "pagetitle", "keywords", "subject", "description",
                     "category", "cover-credit"}

-- Walk only the front-matter fields the templates print (pandoc walks a document's meta).
local function walk_text_meta(meta, filter)
  local part = {}
  for _, key in ipairs(TEXT_FIELDS) do part[key] = meta[key] end
  local walked = pandoc.Pandoc({}, part):walk(filter).meta
  for _, key in ipairs(TEXT_FIELDS) do meta[key] = walked[key] end
  return meta
end

local function text_meta(meta)
  meta = walk_text_meta(meta, {
    RawInline = function(raw) return pandoc.Str(raw.text) end,
    RawBlock = function(raw) return pandoc.Plain({pandoc.Str(raw.text)}) end,
  })
  if cfg.organisation ~= "" then meta.organisation = pandoc.Inlines({pandoc.Str(cfg.organisation)}) end
  local lang = meta.lang and pandoc.utils.stringify(meta.lang)
  if lang and not (lang:match("^%a%a%a?$") or lang:match("^%a%a%a?%-[%w%-]*%w$")) then
    say("warning", "lang: " .. lang .. " is not a language tag (en, uk, en-GB); left out")
    meta.lang = nil
  end
  local dir = meta.dir and pandoc.utils.stringify(meta.dir)
  if dir and dir ~= "ltr" and dir ~= "rtl" and dir ~= "auto" then
    say("warning", "dir: " .. dir .. " is not ltr, rtl or auto; left out")
    meta.dir = nil
  end
  return meta
end

-- pandoc's typst writer ends a line break with a backslash, which escapes the "]" the
-- template puts after a title ("unclosed delimiter"): give typst the function instead.
local function typst_meta(doc)
  doc.meta = walk_text_meta(doc.meta, {
    LineBreak = function() return pandoc.RawInline("typst", "#linebreak()") end,
  })
  return doc
end

local function options(template, toc, depth)
  local opts = {wrap_text = "wrap-none"}
  if template then opts.template = pandoc.template.compile(read_file(template)) end
  if toc then opts.table_of_contents = true; opts.toc_depth = depth end
  return opts
end

function Pandoc(doc)
  local answer = ask_files(doc)
  doc = cite(doc, answer)
  -- citeproc has run: the file names it read are instructions, not content, and the DOCX
  -- writer would publish them (absolute paths of the author's machine) as custom properties.
  doc.meta.csl = nil
  doc.meta.bibliography = nil
  doc.meta["citation-abbreviations"] = nil
  doc.meta = text_meta(doc.meta)
  local images, targets
  doc, images, targets = gather_images(doc, answer)
  doc = design.prepare(doc, cfg)
  local top, sections, ids = headings(doc)
  title_references(doc, top)
  ids.sources = true
  local toc = cfg.toc == "always" or (cfg.toc == "auto" and sections >= cfg.toc_min_sections)
  toc = toc and cfg.toc_depth > 0

  if cfg.outputs.typst then
    if needs_ids(targets, ids) then ids_of(doc, ids) end
    local typ = typst_meta(for_typst(shifted(doc, top, 1), ids, images, answer.any_image))
    local opts = options(cfg.templates.typst, toc, cfg.toc_depth)
    opts.variables = {}
    design.typst_variables(doc, cfg, opts.variables, answer, say)
    local text = pandoc.write(typ, "typst-citations", opts)
    write_file(cfg.outputs.typst .. ".part", text)
    os.rename(cfg.outputs.typst .. ".part", cfg.outputs.typst)
    say("typst-ready", cfg.outputs.typst)
  end
  doc = design.quotes(doc, cfg)
  if cfg.outputs.html then
    local uris = {}
    for src, image in pairs(images) do
      uris[src] = "data:" .. image.mime .. ";base64," .. base64(image.data)
    end
    local html = shifted(doc, top, 2)
    if next(uris) then
      html = html:walk {
        Image = function(img) if uris[img.src] then img.src = uris[img.src]; return img end end,
      }
    end
    local opts = options(cfg.templates.html, toc, cfg.toc_depth + 1)
    opts.variables = {["hrf-mark"] = cfg.html_mark}  -- build.py sanitises between the marks
    opts.section_divs = true
    opts.html_q_tags = true
    opts.variables = opts.variables or {}
    design.html_variables(doc, cfg, opts.variables)
    write_file(cfg.outputs.html, pandoc.write(html, "html5", opts))
    say("html-ready", cfg.outputs.html)
  end
  if cfg.outputs.docx then
    for src, image in pairs(images) do pandoc.mediabag.insert(src, image.mime, image.data) end
    local docx = shifted(doc, top, 1)
    if answer.any_image then docx = docx:walk { Image = web_image_as_link } end
    docx = design.for_docx(docx, cfg, toc, cfg.toc_depth, doc.meta["toc-title"] and
                           pandoc.utils.stringify(doc.meta["toc-title"]) or nil)
    local opts = options(nil, false, 0)
    opts.reference_doc = cfg.reference_doc
    write_file(cfg.outputs.docx, pandoc.write(docx, "docx", opts))
  end
  return pandoc.Pandoc({})
end
