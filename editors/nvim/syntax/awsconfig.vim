" AWS shared config and credentials files: Neovim's own INI highlighting (ssolint's semantic
" tokens add to it). A syntax file of the filetype's own name, so that Neovim's
" `syntax=<filetype>` rule, whenever it runs, finds it.
if exists('b:current_syntax')
  finish
endif
runtime! syntax/dosini.vim
unlet! b:current_syntax
let b:current_syntax = 'awsconfig'
