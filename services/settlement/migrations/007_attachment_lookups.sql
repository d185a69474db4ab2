-- QUA-7 style access to an application's materials and signed form: which applications cite an upload
CREATE INDEX applications_materials ON applications USING gin (materials jsonb_path_ops);
CREATE INDEX applications_signed_form ON applications (signed_form_file_id) WHERE signed_form_file_id IS NOT NULL;
