;;; session.el --- headless Emacs + Eglot session for tests/editors.rs  -*- lexical-binding: t; -*-

;; The same session the Neovim test runs, through Eglot as a user drives it:
;;   1. open a legacy config: ssolint's diagnostics reach Flymake (S001, K001, R001);
;;   2. insert a line above a misspelt key, then choose "Rename to `region`" from
;;      `eglot-code-actions' on the key's line: exactly that line changes;
;;   3. after `region = eu-w', complete at point and choose `eu-west-1', as the
;;      *Completions* buffer does (replace the candidate's bounds, then Eglot's exit
;;      function): `eu-west-1', not `eu-eu-west-1';
;;      then a character typed in a value above a finding: the finding stays on its text;
;;   4. open the credentials file and define the missing source profile there: the
;;      config's R001 goes away without touching the config;
;;   5. one server for both buffers, both highlighted.
;; Writes "ok" or what went wrong to $SSOLINT_RESULT.  Batch Emacs runs no idle timers,
;; so where Eglot would send an edit after a pause, `edited' sends it at once.

;;; Code:

(package-initialize)                    ; Debian's elpa-eglot
(add-to-list 'load-path (expand-file-name ".." (file-name-directory load-file-name)))
(require 'ssolint)
(require 'eglot)
(setq ssolint-program (getenv "SSOLINT_BIN"))
(add-hook 'awsconfig-mode-hook #'eglot-ensure)

(defvar session-problems nil)

(defun session-wait (what predicate &optional explain)
  "Wait up to 20 s for PREDICATE; on time out, note WHAT (and EXPLAIN) and stop."
  (let ((deadline (+ (float-time) 20)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall predicate)
      (push (format "%s: %s" what (if explain (funcall explain) "timed out")) session-problems)
      (throw 'session-end nil))))

(defun session-codes (buffer)
  (with-current-buffer buffer
    (delq nil (mapcar (lambda (d)
                        (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
                                   :code))
                      (flymake-diagnostics)))))

(defun session-text (buffer)
  (with-current-buffer buffer (buffer-substring-no-properties (point-min) (point-max))))

(defun session-goto-line (text)
  (goto-char (point-min))
  (unless (re-search-forward (concat "^" (regexp-quote text) "$") nil t)
    (push (format "no line %S" text) session-problems)
    (throw 'session-end nil))
  (goto-char (match-beginning 0)))

(defun session-pause ()
  "Let a second pass, taking in whatever the server sends meanwhile."
  (let ((deadline (+ (float-time) 1)))
    (while (< (float-time) deadline) (accept-process-output nil 0.05))))

(defun session-edited ()
  (eglot--signal-textDocument/didChange))

(defun session-run ()
  (let (config credentials expected)
    (find-file (getenv "SSOLINT_FILE"))
    (setq config (current-buffer))
    (run-hooks 'post-command-hook)      ; where `eglot-ensure' connects
    (session-wait "diagnostics after open"
                  (lambda () (let ((c (session-codes config)))
                               (and (member "S001" c) (member "K001" c) (member "R001" c))))
                  (lambda () (format "mode %s, codes %S" major-mode (session-codes config))))
    ;; 2. The quick fix, after an edit above it.
    (goto-char (point-min))
    (insert "# team profiles\n")
    (session-edited)
    (setq expected (replace-regexp-in-string "^regoin = " "region = " (session-text config)))
    (session-goto-line "regoin = eu-west-1")
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt items &rest _)
                 (or (car (assoc "Rename to `region`" items))
                     (progn (push (format "no rename among %S" (mapcar #'car items))
                                  session-problems)
                            (throw 'session-end nil))))))
      (let ((last-nonmenu-event ?\r))   ; a keyboard user: the menu is `completing-read'
        (eglot-code-actions (line-beginning-position) (line-end-position) nil t)))
    (session-wait "quick fix after an edit above"
                  (lambda () (equal (session-text config) expected))
                  (lambda () (format "text %S" (session-text config))))
    (session-edited)
    ;; 3. Completion after a prefix.
    (session-goto-line "region = eu-w")
    (end-of-line)
    (pcase-let* ((`(,beg ,end ,table . ,props) (eglot-completion-at-point))
                 (typed (buffer-substring-no-properties beg end))
                 (candidates (all-completions typed table)))
      (unless (member "eu-west-1" candidates)
        (push (format "completing %S offered %S" typed candidates) session-problems)
        (throw 'session-end nil))
      (delete-region beg end)
      (goto-char beg)
      (insert "eu-west-1")
      (funcall (plist-get props :exit-function) "eu-west-1" 'finished))
    (unless (equal (buffer-substring-no-properties (line-beginning-position) (line-end-position))
                   "region = eu-west-1")
      (push (format "after completion: %S" (thing-at-point 'line t)) session-problems)
      (throw 'session-end nil))
    ;; 3b. A character typed in a value above a finding changes no finding; when Flymake
    ;; next asks Eglot (it does after every pause), the finding is still on its text.
    ;; (Eglot keeps buffer offsets: without a new push they drift by what was typed.)
    (session-pause)                     ; the completion's own push arrives first
    (session-goto-line "sso_role_name = Dev")
    (end-of-line)
    (insert "x")
    (session-edited)
    (session-pause)
    (flymake-start)
    (accept-process-output nil 0.2)
    (let ((r001 (seq-find (lambda (d)
                            (equal (plist-get (cdr (assoc 'eglot-lsp-diag
                                                          (flymake-diagnostic-data d)))
                                              :code)
                                   "R001"))
                          (flymake-diagnostics))))
      (unless (and r001 (equal (buffer-substring-no-properties
                                (flymake-diagnostic-beg r001) (flymake-diagnostic-end r001))
                               "base"))
        (push (format "after typing above it, R001 marks %S"
                      (and r001 (buffer-substring-no-properties
                                 (flymake-diagnostic-beg r001) (flymake-diagnostic-end r001))))
              session-problems)
        (throw 'session-end nil)))
    ;; 4. The credentials file edited in the editor re-lints the config.
    (find-file (getenv "SSOLINT_COMPANION"))
    (setq credentials (current-buffer))
    (run-hooks 'post-command-hook)
    (session-wait "credentials attached" (lambda () (with-current-buffer credentials
                                                       eglot--managed-mode)))
    (goto-char (point-max))
    (insert "[base]\naws_access_key_id = AKIAEXAMPLE123456789\naws_secret_access_key = x\n")
    (session-edited)
    (session-wait "editing the credentials file re-lints the config"
                  (lambda () (let ((c (session-codes config)))
                               (and (member "S001" c) (not (member "R001" c)))))
                  (lambda () (format "config codes %S" (session-codes config))))
    ;; 5. One server, highlighting.
    (unless (eq (with-current-buffer config (eglot-current-server))
                (with-current-buffer credentials (eglot-current-server)))
      (push "two servers for one directory" session-problems))
    (dolist (buffer (list config credentials))
      (with-current-buffer buffer
        (font-lock-ensure)
        (goto-char (point-min))
        (re-search-forward "^\\[" nil t)
        (unless (get-text-property (point) 'face)
          (push (format "%s: no highlighting" (buffer-name)) session-problems))))))

(catch 'session-end
  (condition-case err
      (session-run)
    (error (push (format "error: %S" err) session-problems))))
(with-temp-file (getenv "SSOLINT_RESULT")
  (insert (if session-problems (mapconcat #'identity (reverse session-problems) "; ") "ok")))
(let ((kill-buffer-query-functions nil))
  (dolist (b (buffer-list)) (with-current-buffer b (set-buffer-modified-p nil))))
(kill-emacs 0)
;;; session.el ends here
