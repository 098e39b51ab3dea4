;;; ssolint.el --- ssolint's language server for AWS config files, with Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: tools, languages
;; URL: https://github.com/ssolint/ssolint

;;; Commentary:

;; `awsconfig-mode' for ~/.aws/config and ~/.aws/credentials (Emacs's own INI
;; highlighting, from `conf-unix-mode'), started with ssolint's language server
;; through Eglot:
;;
;;   (add-to-list 'load-path "/path/to/ssolint/editors/emacs")
;;   (require 'ssolint)
;;   (add-hook 'awsconfig-mode-hook #'eglot-ensure)

;;; Code:

(require 'conf-mode)

(defgroup ssolint nil
  "ssolint, the linter and language server for AWS config files."
  :group 'tools)

(defcustom ssolint-program "ssolint"
  "The ssolint executable Eglot starts (as `PROGRAM lsp')."
  :type 'string)

;;;###autoload
(define-derived-mode awsconfig-mode conf-unix-mode "AWS-Config"
  "Major mode for the AWS shared config and credentials files."
  ;; Region and profile names are one word (`eu-west-1'): completion replaces all of it.
  (modify-syntax-entry ?- "_")
  (setq-local comment-start "# "))

;;;###autoload
(add-to-list 'auto-mode-alist
             '("/\\.aws/\\(?:config\\|credentials\\)\\'" . awsconfig-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `(awsconfig-mode . ,(lambda (&rest _) (list ssolint-program "lsp")))))

(provide 'ssolint)
;;; ssolint.el ends here
