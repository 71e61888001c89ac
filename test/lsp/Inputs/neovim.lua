-- Neovim's built-in LSP client on `asynclint --lsp` (and clangd beside it,
-- when there is one): open a broken corpus program, wait for asynclint's
-- diagnostics, take its quick fix through the client's own code-action flow
-- (vim.lsp.buf.code_action, the user's choice made by vim.ui.select), and
-- compare the buffer with the CLI's --fix result. Neovim 0.7 API (Debian 12).
-- Environment: ASYNCLINT, LSP_FILE, LSP_EXPECTED, LSP_SECOND (optional).

local timeout = 120000

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function says(message)
  io.stderr:write(message .. "\n")
end

local file = os.getenv("LSP_FILE")
local root = vim.fn.fnamemodify(file, ":h")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()

-- Which servers published diagnostics for the buffer, by client name.
local published = {}
local publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if client and vim.uri_to_bufnr(result.uri) == buf then
    published[client.name] = (published[client.name] or 0) + 1
  end
  return publish(err, result, ctx, config)
end

local function attach(name, cmd)
  local id = vim.lsp.start_client({ name = name, cmd = cmd, root_dir = root })
  if not id or not vim.lsp.buf_attach_client(buf, id) then
    fail("could not start " .. name)
  end
end

attach("asynclint", { os.getenv("ASYNCLINT"), "--lsp" })
local second = os.getenv("LSP_SECOND")
if second and second ~= "" then
  attach("clangd", { second })
end

local function ours()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "asynclint" then
      table.insert(found, d)
    end
  end
  return found
end

if not vim.wait(timeout, function() return #ours() > 0 end, 50) then
  fail("no asynclint diagnostics")
end
local finding = ours()[1]
says(string.format("asynclint: %d:%d [%s] %s", finding.lnum + 1,
  finding.col + 1, finding.user_data.lsp.code, finding.message))

if second and second ~= "" then
  if not vim.wait(timeout, function() return published.clangd end, 50) then
    fail("clangd published nothing beside asynclint")
  end
  if #ours() == 0 then
    fail("clangd's diagnostics replaced asynclint's")
  end
  says("clangd published diagnostics too; asynclint's are still there")
end

-- The user asks for code actions on the finding's line and picks the fix.
local picked
vim.ui.select = function(items, _, on_choice)
  for index, item in ipairs(items) do
    local action = item[2] or item.action or item
    if action.title and action.title:find("^Fix: ") then
      picked = action.title
      return on_choice(item, index)
    end
  end
  fail("no quick fix among the code actions")
end
local before = vim.api.nvim_buf_get_changedtick(buf)
vim.api.nvim_win_set_cursor(0, { finding.lnum + 1, finding.col })
vim.lsp.buf.code_action()
if not vim.wait(timeout, function()
      return vim.api.nvim_buf_get_changedtick(buf) ~= before
    end, 50) then
  fail("the quick fix changed nothing")
end
says("applied: " .. picked)

local expected = vim.fn.readfile(os.getenv("LSP_EXPECTED"))
local actual = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
if not vim.deep_equal(expected, actual) then
  vim.fn.writefile(actual, file .. ".neovim")
  fail("the buffer differs from asynclint --fix's result (see " .. file
    .. ".neovim)")
end

-- The edit reached the server (incremental sync): the finding is gone.
if not vim.wait(timeout, function() return #ours() == 0 end, 50) then
  fail("the finding is still reported after the fix")
end
says("ok")
vim.cmd("qa!")
